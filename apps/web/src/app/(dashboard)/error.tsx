'use client';

/** A failed API call while rendering: say so and offer a retry instead of a blank page. */
export default function DashboardError({ reset }: { error: Error; reset: () => void }) {
  return (
    <div role="alert" className="problem">
      <p className="problem-title">This page could not be loaded.</p>
      <p>
        The API may be unreachable or returned an error. <a href="/status">Check the API status</a>, or{' '}
        <button type="button" className="link-button" onClick={reset}>
          try again
        </button>
        .
      </p>
    </div>
  );
}
