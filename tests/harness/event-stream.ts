// Reads a text/event-stream response one event at a time, as a browser's fetch reader would.
export interface StreamEvent {
  /** "comment" for a `: …` line block; otherwise the `event:` field. */
  event: string;
  id?: string;
  data: string;
}

export interface EventReader {
  /** The next event, or null once the server ended the stream. */
  next(): Promise<StreamEvent | null>;
  /** Every event until the stream ends. */
  rest(): Promise<StreamEvent[]>;
  /** All text received so far. */
  text(): string;
  cancel(): Promise<void>;
}

function parseBlock(block: string): StreamEvent {
  const event: StreamEvent = { event: "message", data: "" };
  const data: string[] = [];
  for (const line of block.split("\n")) {
    if (line.startsWith(":")) return { event: "comment", data: line.slice(1).trim() };
    const colon = line.indexOf(":");
    const field = colon === -1 ? line : line.slice(0, colon);
    const value = colon === -1 ? "" : line.slice(colon + 1).replace(/^ /, "");
    if (field === "event") event.event = value;
    else if (field === "id") event.id = value;
    else if (field === "data") data.push(value);
  }
  event.data = data.join("\n");
  return event;
}

export function readEvents(response: Response): EventReader {
  if (!response.body) throw new Error("the response has no body");
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  let all = "";
  let ended = false;
  async function next(): Promise<StreamEvent | null> {
    for (;;) {
      const end = buffer.indexOf("\n\n");
      if (end !== -1) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        return parseBlock(block);
      }
      if (ended) return null;
      const { done, value } = await reader.read();
      if (done) {
        ended = true;
        continue;
      }
      const chunk = decoder.decode(value, { stream: true });
      all += chunk;
      buffer += chunk;
    }
  }
  return {
    next,
    async rest() {
      const events: StreamEvent[] = [];
      for (let e = await next(); e; e = await next()) events.push(e);
      return events;
    },
    text: () => all,
    cancel: () => reader.cancel(),
  };
}
