// A revoked URL cannot be downloaded from; the browser needs a moment to start reading it.
const REVOKE_DELAY_MS = 60_000;

/**
 * Saves text as a file without leaving the page: a Blob URL behind a temporary <a download>.
 * Works the same in the desktop app (Electron shows its save dialog) and in a browser.
 */
export function downloadText(fileName: string, mediaType: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: mediaType }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), REVOKE_DELAY_MS);
}
