import type Router from '@koa/router'
import type { AppDeps } from '../deps'
import { presentUser } from './presenter'

export function userRoutes(router: Router, { db, config }: AppDeps) {
  const { User, Territory } = db.models

  /**
   * The demo users, for the simulator-backed dev login and the start page. Exists only when the BFF
   * talks to the DingTalk simulator; with a real DingTalk it is a 404.
   */
  if (config.dingtalk.simulator) {
    router.get('/api/dev/users', async (ctx) => {
      const users = await User.find({ active: true }).sort({ _id: 1 }).lean()
      const territories = await Territory.find({ _id: { $in: [...new Set(users.map((u) => u.territory))] } }).lean()
      const names = new Map(territories.map((t) => [t._id, t.fullName]))
      ctx.body = { items: users.map((u) => ({ ...presentUser(u), territoryName: names.get(u.territory) ?? u.territory })) }
    })
  }
}
