/**
 * 统一归口 — channels, their record contracts and profiles, the dispute taxonomy, the intake API's
 * schemas and views, shared by the BFF and the mini-app. The cleaning functions (clean/, address/)
 * and the demo-month generator (demo/) are imported by path, not from here: they pull in the phone
 * numbering metadata, which the mini-app does not need.
 */
export * from './channels'
export * from './dto'
export * from './feedback'
export * from './fields'
export * from './leads'
export * from './linking'
export * from './linking-evidence'
export * from './profiles'
export * from './routing'
export * from './schemas'
export * from './search'
export * from './taxonomy'
