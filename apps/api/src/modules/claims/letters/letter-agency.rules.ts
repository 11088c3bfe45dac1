import type { LetterAgency } from './letter.types.ts';
import { snippetAt } from './letter-text.normalize.ts';

type KnownAgency = Exclude<LetterAgency, 'rights_holder' | 'other'>;

/** Names and domains of the agencies Clearance knows; the domains are also never infringing URLs. */
export const knownAgencies: { agency: KnownAgency; name: RegExp; domains: string[] }[] = [
  { agency: 'copytrack', name: /copytrack/giu, domains: ['copytrack.com', 'copytrack.de', 'copytrack.io'] },
  { agency: 'pixsy', name: /pixsy/giu, domains: ['pixsy.com', 'pixsy.io'] },
  { agency: 'picrights', name: /pic ?rights/giu, domains: ['picrights.com'] },
  { agency: 'higbee', name: /higbee(?: ?(?:&|and) ?associates)?/giu, domains: ['higbeeassociates.com', 'higbee.law', 'higbeeandassociates.com'] },
];

export function hostMatches(host: string, domain: string): boolean {
  const h = host.toLowerCase().replace(/\.$/, '');
  return h === domain || h.endsWith(`.${domain}`);
}

export function agencyOfHost(host: string): KnownAgency | null {
  return knownAgencies.find((a) => a.domains.some((d) => hostMatches(host, d)))?.agency ?? null;
}

const claimWords = /(copyright|urheberrecht|urheber|lizenz|licen[cs]e|infring|rechtsverletzung|unauthori[sz]ed|unerlaubt|ohne (?:erlaubnis|genehmigung|lizenz)|nutzungsrecht|bildrecht|dmca|abmahnung|unterlassung)/i;
// the author speaking for themself
const firstPersonOwner =
  /\b(my (?:photo(?:graph)?s?|image|picture|work|copyright)|i (?:am|'m) the (?:photographer|author|creator|copyright (?:owner|holder))|i own the copyright|i took (?:this|the) (?:photo|picture)|mein(?:e|em|en)? (?:foto|fotografie|bild|aufnahme|werk|lichtbild)|ich bin (?:der|die) (?:urheber|urheberin|fotograf|fotografin|rechteinhaber|rechteinhaberin)|von mir (?:erstellt|aufgenommen|fotografiert))/i;
// someone acting for the author: a law firm, a stock or picture agency, a collecting society
const representative =
  /(on behalf of|we represent|our client|law firm|attorney|rechtsanw|kanzlei|mandant|im auftrag|im namen|bildagentur|stock agency|picture agency|licensing team|compliance team|collecting society|verwertungsgesellschaft)/i;

/**
 * The agency named by the sender's address first, then by the one mentioned most in the letter; without a
 * known agency, "rights_holder" when the author writes in the first person, "other" for anyone else
 * demanding a licence, null when the text is not a claim at all.
 */
export function findAgency(text: string, senders: string[]): { value: LetterAgency; evidence: string } | null {
  for (const sender of senders) {
    const domain = /@([a-z0-9.-]+)/i.exec(sender)?.[1];
    const agency = domain ? agencyOfHost(domain) : null;
    if (agency) return { value: agency, evidence: `From: ${sender}` };
  }
  let best: { agency: KnownAgency; count: number; index: number; length: number } | null = null;
  for (const { agency, name } of knownAgencies) {
    const matches = [...text.matchAll(name)];
    const first = matches[0];
    if (first && (!best || matches.length > best.count)) best = { agency, count: matches.length, index: first.index, length: first[0].length };
  }
  if (best) return { value: best.agency, evidence: snippetAt(text, best.index, best.length) };

  const claim = claimWords.exec(text);
  if (!claim) return null;
  const represented = representative.exec(text);
  if (represented) return { value: 'other', evidence: snippetAt(text, represented.index, represented[0].length) };
  const owner = firstPersonOwner.exec(text);
  if (owner) return { value: 'rights_holder', evidence: snippetAt(text, owner.index, owner[0].length) };
  return null;
}
