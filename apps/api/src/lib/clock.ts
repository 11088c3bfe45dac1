/** What time it is. Injected, so that tests can move time instead of waiting for it. */
export type Clock = { now(): Date };

export const systemClock: Clock = { now: () => new Date() };
