import { type Connection, Schema } from 'mongoose'

/** An uploaded file's record; the bytes live in the FileStorage under the same id. */
export interface FileDoc {
  _id: string
  ownerId: string
  contentType: string
  size: number
  sha256: string
  /** pixels of the stored (re-encoded) photo; absent on files stored before photos were decoded */
  width?: number
  height?: number
  createdAt: Date
}

const fileSchema = new Schema<FileDoc>(
  {
    _id: { type: String, required: true },
    ownerId: { type: String, required: true },
    contentType: { type: String, required: true },
    size: { type: Number, required: true },
    sha256: { type: String, required: true },
    width: { type: Number },
    height: { type: Number },
    createdAt: { type: Date, required: true },
  },
  { versionKey: false, collection: 'files' },
)
fileSchema.index({ ownerId: 1, createdAt: -1 })

export function fileModels(conn: Connection) {
  return { StoredFile: conn.model<FileDoc>('StoredFile', fileSchema) }
}
