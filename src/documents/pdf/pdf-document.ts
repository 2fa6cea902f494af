import { PDFDocument } from 'pdf-lib';
import { documentFonts, type FontFamily } from './fonts';

/**
 * A PDF document MetBridge writes: metadata (title, author, subject, dates from the caller's
 * clock, language) set explicitly, so that the same content at the same instant gives the same
 * bytes, and the document fonts, embedded as subsets when the document is saved.
 * @see ISO 32000-1:2008, 14.3.3 "Document Information Dictionary"
 */

export interface DocumentInfo {
  title: string;
  author: string;
  subject: string;
  keywords?: string[];
  createdAt: Date;
}

export interface DocumentDraft {
  doc: PDFDocument;
  fonts: FontFamily;
}

export async function createDocument(info: DocumentInfo): Promise<DocumentDraft> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.setTitle(info.title, { showInWindowTitleBar: true });
  doc.setAuthor(info.author);
  doc.setSubject(info.subject);
  if (info.keywords?.length) doc.setKeywords(info.keywords);
  doc.setCreator('MetBridge');
  doc.setProducer('MetBridge');
  doc.setCreationDate(info.createdAt);
  doc.setModificationDate(info.createdAt);
  doc.setLanguage('en-US');
  return { doc, fonts: documentFonts(doc) };
}

/** Embeds the fonts (the glyphs drawn so far) and serialises the document. */
export async function saveDocument({ doc, fonts }: DocumentDraft): Promise<Uint8Array> {
  fonts.regular.embed();
  fonts.bold.embed();
  return doc.save({ useObjectStreams: false });
}
