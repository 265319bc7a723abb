// The JSON page B1's target answers (~1 KB): `next` names the token of the following step.

const items = Array.from({ length: 12 }, (_, i) => ({
  id: `item_${i}`,
  email: `person${i}@example.test`,
  score: i * 7,
  tags: ["lead", "b2b"],
}));

export function chainPage(token: string, next: string): string {
  return JSON.stringify({ token, next, meta: { page: 1, total: items.length }, items });
}
