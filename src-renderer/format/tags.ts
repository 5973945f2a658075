export const MAX_TAG_LENGTH = 60;
export const MAX_TAGS = 50;

/** "xor, baseline,,xor " → ["xor", "baseline"]: trimmed, blanks dropped, first spelling kept. */
export function parseTags(text: string): string[] {
  const tags: string[] = [];
  for (const part of text.split(',')) {
    const tag = part.trim();
    if (tag && !tags.includes(tag)) tags.push(tag);
  }
  return tags;
}

/** Why the tags cannot be saved as typed (the service would refuse them), or null. */
export function tagsProblem(tags: readonly string[]): string | null {
  const long = tags.find((tag) => tag.length > MAX_TAG_LENGTH);
  if (long) return `“${long.slice(0, 20)}…” is longer than ${MAX_TAG_LENGTH} characters.`;
  if (tags.length > MAX_TAGS) return `At most ${MAX_TAGS} tags per run.`;
  return null;
}
