/**
 * S21: the media type and the file name an export is offered under. Beside the document's rules
 * (`export.ts`, which re-exports them) rather than in them, so that the settings element, which
 * offers the download, does not load the document's writer: only a backend writes it.
 */
export const EXPORT_MEDIA_TYPE = 'application/json';
export const EXPORT_FILE_NAME = 'conversations-export.json';
