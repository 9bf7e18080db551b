import sharp from 'sharp'
import { MAX_WAITING, normalisePhoto } from './image'

it(`at most two photos decode at once and ${MAX_WAITING} wait; more uploads at that moment are told to retry (429)`, async () => {
  const bytes = await sharp({ create: { width: 800, height: 600, channels: 3, background: '#3d7e64' } })
    .jpeg()
    .toBuffer()
  const results = await Promise.allSettled(Array.from({ length: 30 }, () => normalisePhoto(bytes)))
  const ok = results.filter((r) => r.status === 'fulfilled')
  const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected')
  expect(ok).toHaveLength(2 + MAX_WAITING)
  expect(refused.map((r) => [r.reason.code, r.reason.status])).toEqual(Array(30 - 2 - MAX_WAITING).fill(['RATE_LIMITED', 429]))
  // the queue drains: the next one is decoded
  await expect(normalisePhoto(bytes)).resolves.toMatchObject({ contentType: 'image/jpeg', width: 800, height: 600 })
})
