import { defineDomain } from '../kernel/domain'
import { authRoutes } from './routes'

/** 免登 login (DingTalk / 浙政钉 auth codes → our JWT) and the signed-in user. */
export const authDomain = defineDomain({ name: 'auth', routes: authRoutes })
