/**
 * The English entries only the thread's message editor and reaction picker
 * (`components/thread/message-editor.ts`) read. It adds them as it loads (`addEnglish`), so that a
 * thread nobody edits or reacts in does not carry them; the locale tables have them as usual.
 */
import type { ConvStrings, MessageEditorKey } from '../strings.js';

export const messageEditorEnglish: Pick<ConvStrings, MessageEditorKey> = {
  messageEditLabel: 'Edit your message',
  messageEditSave: 'Save',
  messageEditCancel: 'Cancel',
  messageEditClosed: 'This message can no longer be edited.',
  reactionPicker: 'Reactions',
  reactionToggle: (emoji) => `React with ${emoji}`,
};
