import { defineDomain } from '../kernel/domain'
import { int, obj, str } from '../openapi/schema'
import { fileModels } from './model'
import { fileRoutes } from './routes'

/** Uploaded photos: stored once, served through short-lived signed links. */
export const filesDomain = defineDomain({
  name: 'files',
  models: fileModels,
  routes: fileRoutes,
  responses: { FileView: obj({ id: str(), contentType: str(), size: int(), url: str('签名链接，无需登录头即可加载') }) },
})
