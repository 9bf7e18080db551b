/**
 * Spread on a View that acts as a control (`role='button'`, `'link'`, `'radio'` …): it joins the keyboard's tab order
 * (PC DingTalk users, switch access), which also lets screen readers and axe treat scrolling rows of such controls as
 * reachable. Taro's View types do not list tabIndex, hence the cast.
 */
export const FOCUSABLE = { tabIndex: 0 } as object

/** The same for a Text that acts as a link or a button (Taro's Text types do not list `role` either). */
export const AS_LINK = { role: 'link', tabIndex: 0 } as object
export const AS_BUTTON = { role: 'button', tabIndex: 0 } as object
