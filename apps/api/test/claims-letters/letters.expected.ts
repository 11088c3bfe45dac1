import type { LetterAgency } from '../../src/modules/claims/letters/letter.types.ts';

/**
 * One row per letter in ./fixtures: what parseClaimLetter must propose for it, identical for the .eml,
 * the PDF built from the .txt, and the pasted .txt. Images differ by form and are listed per form as
 * fixture files in ./fixtures/images (logos and tracking pixels in the letters must not appear).
 */
export type ExpectedLetter = {
  id: string;
  language: 'de' | 'en';
  /** how the .eml is built, to show the table covers the variants */
  eml: string;
  agency: LetterAgency;
  caseRef: string | null;
  rightsHolder: string;
  amount: string;
  currency: string;
  deadlineOn: string;
  receivedOn: string;
  infringingUrls: string[];
  emlImages: string[];
  pdf: { letterhead: string; accent: string; footer: string; screenshots: string[] };
};

export const expectedLetters: ExpectedLetter[] = [
  {
    id: 'copytrack-de',
    language: 'de',
    eml: 'multipart/mixed, quoted-printable UTF-8 with umlauts, JPEG attachment, encoded-word subject',
    agency: 'copytrack',
    caseRef: 'CT-4711-2026-DE',
    rightsHolder: 'Lena Hartmann',
    amount: '615.00',
    currency: 'EUR',
    deadlineOn: '2026-11-17', // "innerhalb von 14 Tagen" from 3 November
    receivedOn: '2026-11-03',
    infringingUrls: [
      'https://www.baeckerei-sonnenschein.example/blog/herbstbrot-rezept/',
      'https://www.baeckerei-sonnenschein.example/wp-content/uploads/2025/09/roggenfeld-1024x683.jpg',
    ],
    emlImages: ['copytrack-de-screenshot.jpg'],
    pdf: { letterhead: 'COPYTRACK', accent: '#0b3d91', footer: 'COPYTRACK GmbH · Musterstraße 12 · 10115 Berlin · www.copytrack.com · Amtsgericht Charlottenburg HRB 000000', screenshots: ['copytrack-de-screenshot.jpg'] },
  },
  {
    id: 'copytrack-en',
    language: 'en',
    eml: 'multipart/related with text and HTML alternatives, inline logo and inline PNG screenshot',
    agency: 'copytrack',
    caseRef: 'CT-9120-2026-EN',
    rightsHolder: 'Tomás Riedel',
    amount: '1234.56',
    currency: 'EUR',
    deadlineOn: '2026-12-14',
    receivedOn: '2026-11-05',
    infringingUrls: ['https://blog.greenleaf-travel.example/2026/06/lisbon-weekend/', 'https://blog.greenleaf-travel.example/wp-content/uploads/2026/06/tram-28-scaled.jpg'],
    emlImages: ['copytrack-en-screenshot.png'],
    pdf: { letterhead: 'COPYTRACK', accent: '#0b3d91', footer: 'COPYTRACK GmbH · Berlin, Germany · https://www.copytrack.com/en/privacy', screenshots: ['copytrack-en-screenshot.png'] },
  },
  {
    id: 'pixsy-en',
    language: 'en',
    eml: 'HTML only (no text part), inline logo, inline JPEG screenshot and a 1×1 tracking GIF; Date in -0800',
    agency: 'pixsy',
    caseRef: 'PX-58213-2026',
    rightsHolder: 'Mara Lindqvist',
    amount: '1200.00',
    currency: 'USD',
    deadlineOn: '2026-11-23', // "within fourteen (14) days" from 9 November
    receivedOn: '2026-11-09', // the sender's day; in UTC it is already 10 November
    infringingUrls: ['https://northwind-kayaks.example/tours/fjord-evening', 'https://northwind-kayaks.example/media/fjord-evening.jpg'],
    emlImages: ['pixsy-en-screenshot.jpg'],
    pdf: { letterhead: 'Pixsy', accent: '#222222', footer: 'Pixsy Inc. · www.pixsy.com · Questions? https://www.pixsy.com/faq', screenshots: [] },
  },
  {
    id: 'pixsy-de',
    language: 'de',
    eml: 'multipart/mixed, base64 UTF-8 text, PNG sent as application/octet-stream with RFC 2231 file name',
    agency: 'pixsy',
    caseRef: 'PX-77310-2026',
    rightsHolder: 'Konstantin Vogt',
    amount: '450.00',
    currency: 'EUR',
    deadlineOn: '2026-11-30',
    receivedOn: '2026-11-14',
    infringingUrls: ['https://www.elbufer-ferienwohnungen.example/umgebung/', 'https://www.elbufer-ferienwohnungen.example/wp-content/uploads/2024/05/morgennebel-elbe-768x512.jpg'],
    emlImages: ['pixsy-de-screenshot.png'],
    pdf: { letterhead: 'Pixsy', accent: '#222222', footer: 'Pixsy Inc. · www.pixsy.com/de', screenshots: ['pixsy-de-screenshot.png'] },
  },
  {
    id: 'picrights-en',
    language: 'en',
    eml: 'multipart/mixed, 7bit US-ASCII text, JPEG attachment',
    agency: 'picrights',
    caseRef: 'PR-2026-118834',
    rightsHolder: 'Northwind Press Agency',
    amount: '900.00',
    currency: 'USD',
    deadlineOn: '2026-11-30', // 10 business days from Monday 16 November
    receivedOn: '2026-11-16',
    infringingUrls: ['https://harbourview-news.example/local/2026/04/storm-damage-pier/', 'https://harbourview-news.example/images/2026/04/pier-storm.jpg'],
    emlImages: ['picrights-en-screenshot.jpg'],
    pdf: { letterhead: 'PicRights International', accent: '#7a1f2b', footer: 'PicRights International · www.picrights.com', screenshots: ['picrights-en-screenshot.jpg'] },
  },
  {
    id: 'picrights-de',
    language: 'de',
    eml: 'single part, ISO-8859-1 quoted-printable, Q-encoded Latin-1 subject, no image',
    agency: 'picrights',
    caseRef: 'PR-2026-220417',
    rightsHolder: 'Alpenblick Presse AG',
    amount: '380.80',
    currency: 'EUR',
    deadlineOn: '2026-12-04', // "innerhalb von zwei Wochen" from 20 November
    receivedOn: '2026-11-20',
    infringingUrls: ['https://www.gasthof-zur-linde.example/aktuelles/hochwasser-2025.html'],
    emlImages: [],
    pdf: { letterhead: 'PicRights International', accent: '#7a1f2b', footer: 'PicRights International · www.picrights.com/de', screenshots: [] },
  },
  {
    id: 'higbee-en',
    language: 'en',
    eml: 'single part, 8bit UTF-8 plain text, no image; "up to $150,000" must not be read as the demand',
    agency: 'higbee',
    caseRef: 'HA-2026-30512',
    rightsHolder: 'Derek Vance',
    amount: '3500.00',
    currency: 'USD',
    deadlineOn: '2026-12-18',
    receivedOn: '2026-11-18',
    infringingUrls: ['https://www.sunrise-dental-care.example/about-us/', 'https://www.sunrise-dental-care.example/wp-content/uploads/2023/02/team-desert-1536x1024.jpg'],
    emlImages: [],
    pdf: { letterhead: 'Higbee & Associates', accent: '#1b2a41', footer: 'Higbee & Associates · www.higbeeassociates.com · (800) 000-0000', screenshots: ['higbee-en-screenshot.jpg'] },
  },
  {
    id: 'photographer-de',
    language: 'de',
    eml: 'multipart/mixed, quoted-printable UTF-8 (format=flowed), two JPEG screenshots',
    agency: 'rights_holder',
    caseRef: null,
    rightsHolder: 'Anna Berger',
    amount: '1234.56',
    currency: 'EUR',
    deadlineOn: '2026-12-14',
    receivedOn: '2026-11-24',
    infringingUrls: ['https://www.yoga-am-auwald.example/kurse/herbst-retreat/', 'https://www.yoga-am-auwald.example/wp-content/uploads/2026/09/auwald-herbst.jpg'],
    emlImages: ['photographer-de-screenshot-1.jpg', 'photographer-de-screenshot-2.jpg'],
    pdf: { letterhead: 'Anna Berger Fotografie', accent: '#3a5a40', footer: 'Anna Berger Fotografie · www.anna-berger-fotografie.example · post@anna-berger-fotografie.example', screenshots: ['photographer-de-screenshot-1.jpg', 'photographer-de-screenshot-2.jpg'] },
  },
  {
    id: 'photographer-en',
    language: 'en',
    eml: 'multipart/related, quoted-printable text, inline JPEG; the letter opens with "Date:" and "Reference:" lines',
    agency: 'rights_holder',
    caseRef: 'JW-2026-014',
    rightsHolder: 'James Whitfield',
    amount: '650.00',
    currency: 'GBP',
    deadlineOn: '2026-12-14',
    receivedOn: '2026-11-25',
    infringingUrls: ['https://www.cotswold-cottage-stays.example/our-village/'],
    emlImages: ['photographer-en-screenshot.jpg'],
    pdf: { letterhead: 'James Whitfield Photography', accent: '#5c4d7d', footer: 'James Whitfield Photography · www.jameswhitfield-photo.example', screenshots: ['photographer-en-screenshot.jpg'] },
  },
  {
    id: 'kanzlei-de',
    language: 'de',
    eml: 'multipart/mixed, 8bit UTF-8 text, JPEG attachment; a law firm for a picture agency (agency "other")',
    agency: 'other',
    caseRef: 'BL-482/26',
    rightsHolder: 'Bildagentur Alpenglühen GmbH',
    amount: '1890.40',
    currency: 'EUR',
    deadlineOn: '2026-12-10',
    receivedOn: '2026-11-26',
    infringingUrls: ['https://www.cafe-morgenrot.example/ueber-uns', 'https://www.cafe-morgenrot.example/wp-content/uploads/2025/03/zugspitze-abendrot.jpg'],
    emlImages: ['kanzlei-de-screenshot.jpg'],
    pdf: { letterhead: 'Brandt & Lorenz Rechtsanwälte', accent: '#2f3e46', footer: 'Brandt & Lorenz Rechtsanwälte PartG mbB · AG München PR 0000 · www.brandt-lorenz.example', screenshots: ['kanzlei-de-screenshot.jpg'] },
  },
  {
    id: 'stockagency-en',
    language: 'en',
    eml: 'multipart/mixed, quoted-printable text, WebP attachment, "[Case …]" subject',
    agency: 'other',
    caseRef: 'LS-2026-0415',
    rightsHolder: 'Ines Carvalho',
    amount: '1480.00',
    currency: 'USD',
    deadlineOn: '2026-12-03',
    receivedOn: '2026-11-12',
    infringingUrls: ['https://www.bright-harbor-yoga.example/blog/morning-routines', 'https://www.bright-harbor-yoga.example/wp-content/uploads/2026/01/sunrise-pose.webp'],
    emlImages: ['stockagency-en-screenshot.webp'],
    pdf: { letterhead: 'Lumen Stock Images', accent: '#e07a1f', footer: 'Lumen Stock Images · https://licensing.lumenstock.example/help', screenshots: [] },
  },
];
