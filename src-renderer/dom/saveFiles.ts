// A revoked URL cannot be downloaded from; the browser needs a moment to start reading it.
const REVOKE_DELAY_MS = 60_000;
// Browsers drop or block downloads that arrive in the same instant; a short gap lets each one through.
const GAP_BETWEEN_FILES_MS = 400;

export interface FileToSave {
  name: string;
  mediaType: string;
  base64: string;
}

function bytesOf(base64: string): Uint8Array<ArrayBuffer> {
  const text = atob(base64);
  const bytes = new Uint8Array(text.length);
  for (let index = 0; index < text.length; index++) bytes[index] = text.charCodeAt(index);
  return bytes;
}

/**
 * Saves one file without leaving the page: a Blob URL behind a temporary <a download>.
 * The desktop app shows its save dialog; a browser puts it in its downloads folder.
 */
export function saveFile(file: FileToSave, fileName = file.name): void {
  const url = URL.createObjectURL(new Blob([bytesOf(file.base64)], { type: file.mediaType }));
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

/** The part after the last "/": a download cannot create folders, so images are saved by their own name. */
export function downloadName(name: string): string {
  return name.slice(name.lastIndexOf('/') + 1);
}

/** Saves the files one after another, telling `onFile` before each (for a progress line). */
export async function saveFiles(files: readonly FileToSave[], onFile: (index: number, file: FileToSave) => void = () => {}): Promise<void> {
  for (const [index, file] of files.entries()) {
    onFile(index, file);
    if (index > 0) await new Promise((resolve) => setTimeout(resolve, GAP_BETWEEN_FILES_MS));
    saveFile(file, downloadName(file.name));
  }
}
