import type { ClaimCandidate, MatchEvidence } from '@clearance/contracts';

const methodLabels: Record<MatchEvidence['method'], string> = {
  url: 'URL',
  filename: 'file name',
  sha256: 'same bytes',
  phash: 'looks the same',
  manual: 'chosen by hand',
};

/** One finding in words: which letter URL or claim image matched which URL or file of the asset, and how closely. */
function Finding({ e }: { e: MatchEvidence }) {
  return (
    <li>
      <strong>{methodLabels[e.method]}</strong>
      {e.letterUrl && (
        <>
          {' '}
          · letter names <code className="wrap">{e.letterUrl}</code>
        </>
      )}
      {e.matchedUrl ? (
        <>
          {' '}
          · matched <code className="wrap">{e.matchedUrl}</code>
        </>
      ) : (
        e.matchedFile && (
          <>
            {' '}
            · file <code className="wrap">{e.matchedFile}</code>
          </>
        )
      )}
      {e.proofFilename && <> · claim image {e.proofFilename}</>}
      {e.method === 'phash' && e.distance !== null && <> · distance {e.distance} bits</>}
    </li>
  );
}

/** The site that holds the candidate, whether the letter names it (or names no site at all), whether it was confirmed by override, and every finding that led to it. */
export function CandidateEvidence({ candidate: c }: { candidate: ClaimCandidate }) {
  return (
    <span className="candidate-evidence">
      <span>
        Site <strong>{c.site.name}</strong> <small className="muted wrap">({c.site.baseUrl})</small>{' '}
        {c.siteNamedByLetter === null ? (
          <span className="badge">the letter names no site</span>
        ) : c.siteNamedByLetter ? (
          <span className="badge badge-ok">named in the letter</span>
        ) : (
          <span className="badge badge-bad">not named in the letter</span>
        )}{' '}
        {c.confirmedByOverride && <span className="badge badge-bad">confirmed by override</span>}
      </span>
      <ul className="findings">
        {c.evidence.length ? c.evidence.map((e, i) => <Finding key={i} e={e} />) : <li>{methodLabels[c.method]}</li>}
      </ul>
      <small className="muted">{Math.round(c.score * 100)} % sure</small>
    </span>
  );
}
