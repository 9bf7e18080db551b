/** `POST /api/files` answer: the stored photo and a signed, time-limited link to it. */
export interface FileView {
  id: string
  contentType: string
  size: number
  /** signed, time-limited URL (works in <image src> without a login header) */
  url: string
}
