// RFC 8288 Link header parsing, only as far as pagination needs it: the target of `rel="next"`.
// One linear scan over at most MAX_LINK_HEADER_CHARS characters and MAX_LINKS links, so a hostile
// header costs bounded work; a malformed link ends the scan with what was found before it.

/** Characters of a Link header read; a longer header is read up to here (later links ignored). */
export const MAX_LINK_HEADER_CHARS = 16 * 1024;
/** Links read from one header. */
export const MAX_LINKS = 64;

export type Link = { target: string; rels: string[]; params: Record<string, string> };

const WS = new Set([" ", "\t"]);

/** Every link of a Link header value (several headers joined with ", " are one value). */
export function parseLinkHeader(value: string | null): Link[] {
  if (value === null) return [];
  const text = value.slice(0, MAX_LINK_HEADER_CHARS);
  const links: Link[] = [];
  let i = 0;
  const skipWs = () => {
    while (i < text.length && WS.has(text[i] ?? "")) i++;
  };
  while (i < text.length && links.length < MAX_LINKS) {
    while (i < text.length && (WS.has(text[i] ?? "") || text[i] === ",")) i++;
    if (i >= text.length) break;
    if (text[i] !== "<") break;
    const close = text.indexOf(">", i + 1);
    if (close < 0) break;
    const target = text.slice(i + 1, close).trim();
    i = close + 1;
    const params: Record<string, string> = Object.create(null) as Record<string, string>;
    let ok = true;
    for (;;) {
      skipWs();
      if (i >= text.length || text[i] === ",") break;
      if (text[i] !== ";") {
        ok = false;
        break;
      }
      i++;
      skipWs();
      const nameStart = i;
      while (i < text.length && !"=;, \t".includes(text[i] ?? "")) i++;
      const name = text.slice(nameStart, i).toLowerCase();
      skipWs();
      let paramValue = "";
      if (text[i] === "=") {
        i++;
        skipWs();
        if (text[i] === '"') {
          i++;
          let out = "";
          while (i < text.length && text[i] !== '"') {
            if (text[i] === "\\" && i + 1 < text.length) i++;
            out += text[i];
            i++;
          }
          if (i >= text.length) {
            ok = false;
            break;
          }
          i++;
          paramValue = out;
        } else {
          const start = i;
          while (i < text.length && !";, \t".includes(text[i] ?? "")) i++;
          paramValue = text.slice(start, i);
        }
      }
      // RFC 8288 §3: occurrences of a parameter after the first are ignored.
      if (name && !(name in params)) params[name] = paramValue;
    }
    if (!ok) break;
    const rels = (params.rel ?? "")
      .split(/[ \t]+/)
      .filter((rel) => rel.length > 0)
      .map((rel) => rel.toLowerCase());
    links.push({ target, rels, params });
  }
  return links;
}

/** The target of the first link whose relation types include `next`, or null. */
export function nextLink(value: string | null): string | null {
  for (const link of parseLinkHeader(value)) {
    if (link.rels.includes("next") && link.target.length > 0) return link.target;
  }
  return null;
}
