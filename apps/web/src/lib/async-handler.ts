/**
 * An async function as a React event handler. React ignores what a handler returns, so a promise
 * given to onClick or onSubmit is never awaited and its rejection is unhandled. The handlers here
 * catch the failures they expect and show them; anything else they throw is reported like an error
 * thrown by a synchronous handler (window.reportError: the console and `error` listeners).
 */
export function asyncHandler<A extends unknown[]>(handler: (...args: A) => Promise<void>): (...args: A) => void {
  return (...args) => {
    handler(...args).catch(reportError);
  };
}
