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

/**
 * A file's bytes kept in the database (FILE_STORAGE=database, files/db-storage.ts), GridFS-style but
 * read by `_id` only: chunk n of a file is `<fileId>:<n, 5 digits>`.
 */
export interface FileChunkDoc {
  _id: string
  fileId: string
  n: number
  data: Buffer
}

/** Written after every chunk of a file is in: a file exists in database storage only with its manifest. */
export interface FileManifestDoc {
  _id: string
  length: number
  chunkSize: number
  chunks: number
  sha256: string
  at: Date
}

const chunkSchema = new Schema<FileChunkDoc>(
  {
    _id: { type: String, required: true },
    fileId: { type: String, required: true },
    n: { type: Number, required: true },
    data: { type: Buffer, required: true },
  },
  { versionKey: false, collection: 'file_chunks' },
)

const manifestSchema = new Schema<FileManifestDoc>(
  {
    _id: { type: String, required: true },
    length: { type: Number, required: true },
    chunkSize: { type: Number, required: true },
    chunks: { type: Number, required: true },
    sha256: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { versionKey: false, collection: 'file_manifests' },
)

export function fileModels(conn: Connection) {
  return {
    StoredFile: conn.model<FileDoc>('StoredFile', fileSchema),
    FileChunk: conn.model<FileChunkDoc>('FileChunk', chunkSchema),
    FileManifest: conn.model<FileManifestDoc>('FileManifest', manifestSchema),
  }
}
