import type { FoundDate } from './letter-dates.rules.ts';
import { snippetAt } from './letter-text.normalize.ts';

type Found = { value: string; evidence: string };
export type UsePeriod = { from: Found | null; to: Found | null };

// Words that say a date is about the use of the image, anywhere near the date.
const useContext =
  /(used|use[ds]?\b|using|usage|displayed|published|posted|online|found|detected|discovered|captured|documented|recorded|seen|appear|abrufbar|genutzt|nutzung|benutzt|verwendet|verwendung|veröffentlicht|eingebunden|festgestellt|gefunden|dokumentiert|entdeckt|erfasst|zu sehen|sichtbar|detection|discovery|feststellung|fund)/i;

// "first detected on", "festgestellt am", "since at least", "seit dem", "online since", "used from": the use began on the date that follows.
const startLead = new RegExp(
  String.raw`(?:date[ \t]+of[ \t]+(?:first[ \t]+)?(?:detection|discovery)|(?:first[ \t]+)?(?:detection|discovery)[ \t]+date|fund(?:datum|zeitpunkt)|feststellungsdatum|datum[ \t]+der[ \t]+(?:ersten[ \t]+)?feststellung|erstfund|(?:first[ \t]+)?(?:detected|found|seen|discovered|documented|recorded|captured|spotted|noticed|identified)(?:[^.!?;\n]{0,50}?[ \t](?:on|at))?|(?:erstmals|zuerst|erstmalig)?[ \t]*(?:festgestellt|gefunden|entdeckt|dokumentiert|erfasst|nachgewiesen)|since(?:[ \t]+at[ \t]+least)?|(?:at[ \t]+least[ \t]+)?as[ \t]+(?:early|far[ \t]+back)[ \t]+as|seit(?:[ \t]+(?:mindestens|spätestens|dem|den))*|(?:used|displayed|published|online|in[ \t]+use|genutzt|verwendet|veröffentlicht|abrufbar)[ \t]+(?:from|since|seit|ab))(?:[ \t]*(?:on|am|the|dem|den|:))*[ \t]*$`,
  'i',
);
// German puts the participle after the date: "wurde am 12.03.2021 (erstmals) festgestellt"
const startTrail = /^[^.!?;\n]{0,40}?\b(?:erstmals[ \t]+|zuerst[ \t]+|erstmalig[ \t]+)?(?:festgestellt|entdeckt|gefunden|dokumentiert|erfasst|gesichert)\b/i;
// "from", "vom", "ab": a start only when the words before say it is the use that starts
const weakStartLead = /(?:from|vom|von|ab(?:[ \t]+dem)?)[ \t]*(?:the[ \t]+)?$/i;
// what opens a range of two dates: "between", "zwischen dem", "in the period from", "vom"
const rangeLead = /(?:between|zwischen(?:[ \t]+dem)?|in[ \t]+the[ \t]+period(?:[ \t]+from)?|im[ \t]+zeitraum(?:[ \t]+(?:vom|von))?|period:?|zeitraum:?|from|vom|von)[ \t]*(?:the[ \t]+)?$/i;
// what stands between the two dates of a range: "and", "to", "until", "bis (zum)", a dash
const rangeGap = /^[ \t]*(?:and|und|to|until|till|through|thru|bis(?:[ \t]+(?:zum|einschließlich|mindestens))?|[–—-])[ \t]*(?:the|dem|den|zum|at least|mindestens)?[ \t]*$/i;
// "last seen on", "zuletzt festgestellt am", "still online on": the latest day the use was seen
const endLead = /(?:last[ \t]+(?:seen|detected|checked|verified|found|captured|documented)|still[ \t]+(?:online|visible|in use|available)(?:[ \t]+(?:on|as of))?|zuletzt[ \t]+(?:festgestellt|gesehen|geprüft|abgerufen|dokumentiert)|noch[ \t]+(?:am|abrufbar am))[ \t]*(?:on|am|the|dem|:)?[ \t]*$/i;
// a range that is not about the use: a license, an offer, a payment window
const otherPeriod = /(licen[cs]e[ds]?|lizenz|offer|angebot|valid|gültig|zahl|pay|frist|deadline)[^\n]{0,40}$/i;

/** Up to 80 characters before a date in the flowing text, from the start of its sentence: where "first detected on" or "between" stands. */
function lead(text: string, date: FoundDate): string {
  const window = text.slice(Math.max(0, date.index - 80), date.index);
  const sentences = window.split(/\n|[!?;]\s+|\.\s+(?=\p{Lu}\p{Ll})/u);
  return sentences.at(-1) ?? window;
}

/** Text around a date (before and after), where "used", "online" or "festgestellt" says what the date is about. */
function around(text: string, from: FoundDate, to: FoundDate): string {
  return text.slice(Math.max(0, from.index - 140), to.index + to.length + 100);
}

/**
 * The period of the use the letter names: a range ("between 2019-06-01 and 2026-10-30", "vom 3. März bis
 * zum 9. Mai 2024", "used from … to …"), else the day it began ("first detected 12.03.2021", "festgestellt
 * am …", "since at least …", "seit dem …"), and a "last seen" day as its end. `text` is the letter with
 * hard wraps joined; `dates` every date found in it, in order.
 */
export function findUsePeriod(text: string, dates: FoundDate[]): UsePeriod {
  const evidence = (a: FoundDate, b = a) => snippetAt(text, a.index, b.index + b.length - a.index);
  let from: (FoundDate & { evidence: string }) | null = null;
  let to: (FoundDate & { evidence: string }) | null = null;
  for (const [i, date] of dates.entries()) {
    const next = dates[i + 1];
    const before = lead(text, date);
    if (otherPeriod.test(before)) continue;
    const ranged = next && rangeGap.test(text.slice(date.index + date.length, next.index));
    if (ranged && (rangeLead.test(before) || startLead.test(before)) && useContext.test(around(text, date, next)) && date.day <= next.day) {
      // a range names both ends; the earliest range wins over a lone start day
      if (!from || date.day < from.day || !to) {
        from = { ...date, evidence: evidence(date, next) };
        to = { ...next, evidence: evidence(date, next) };
      }
      continue;
    }
    if (endLead.test(before)) {
      if (!to || date.day > to.day) to = { ...date, evidence: evidence(date) };
      continue;
    }
    const after = text.slice(date.index + date.length, date.index + date.length + 60);
    const starts = startLead.test(before) || startTrail.test(after) || (weakStartLead.test(before) && useContext.test(before));
    if (starts && useContext.test(around(text, date, date))) {
      if (!from || date.day < from.day) from = { ...date, evidence: evidence(date) };
    }
  }
  if (from && to && to.day < from.day) to = null;
  return { from: from && { value: from.day, evidence: from.evidence }, to: to && { value: to.day, evidence: to.evidence } };
}
