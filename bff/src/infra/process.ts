/**
 * When started by `npm start` (JQTB_PARENT_PID set), exit if that launcher disappears, even if it was
 * killed with SIGKILL and could not stop us itself: no orphans.
 */
export function exitWhenParentDies(): void {
  const parent = Number(process.env.JQTB_PARENT_PID)
  if (!parent) return
  setInterval(() => {
    try {
      process.kill(parent, 0)
    } catch {
      process.exit(0)
    }
  }, 1000).unref()
}
