/** The DingTalk mini-program loads its packages itself: nothing to prefetch (H5: prefetch.h5.ts). */
export function prefetchRolePages() {}
