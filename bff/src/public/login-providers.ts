/**
 * How a citizen proves who they are (docs/public.md#login): each provider checks what the citizen
 * brought — an SMS code (login.ts), a 浙里办 ticket (zlb.ts) — and answers the mobile number it proves;
 * then one function makes the same citizen (`_id` from the number) and the same citizen token, whichever
 * provider it was. A provider that is not configured is not offered and its route answers 404.
 */
import type { CitizenSession, LoginProvidersView } from '@jqtb/shared'
import type { AppDeps } from '../deps'
import { isDuplicateKey } from '../infra/errors'
import { maskPhone, protectPhone } from '../kernel/phone'
import { citizenIdOf } from './login'
import { signCitizenToken } from './tokens'

export interface CitizenIdentity {
  /** 11 digits, checked by the provider */
  phone: string
  /** a real name the provider vouches for (浙里办 实名); SMS has none */
  name?: string
}

export interface LoginProvider<Body> {
  id: 'sms' | 'zlb'
  label: string
  /** 401 when `body` does not prove a number; 429 / 502 as the provider's limits and platform say */
  verify(deps: AppDeps, body: Body, address: string): Promise<CitizenIdentity>
}

/** The citizen of this number (made at the first login, whichever provider) and a fresh citizen token. */
export async function signInCitizen(deps: AppDeps, who: CitizenIdentity): Promise<CitizenSession> {
  const { piiKey } = deps.config
  const now = deps.clock.now()
  const id = citizenIdOf(piiKey, who.phone)
  const stored = protectPhone(piiKey, who.phone)
  const name = who.name ? { name: who.name } : {}
  try {
    await deps.db.models.Citizen.create({ _id: id, phoneEnc: stored.phoneEnc, phoneMasked: stored.phoneMasked, ...name, createdAt: now, lastLoginAt: now })
  } catch (err) {
    if (!isDuplicateKey(err)) throw err
    await deps.db.models.Citizen.updateOne({ _id: id }, { $set: { lastLoginAt: now, ...name } })
  }
  return { ...signCitizenToken(deps.config, id, now), citizen: { phoneMasked: maskPhone(who.phone), ...name } }
}

/** What the login page offers: the SMS code always, 浙里办 when it is configured (ZLB_SSO). */
export function loginProviders(deps: AppDeps): LoginProvidersView {
  const { zlb } = deps.config
  return {
    providers: [
      { id: 'sms', label: '手机验证码登录' },
      ...(zlb.enabled
        ? [
            {
              id: 'zlb' as const,
              label: '浙里办一键登录',
              loginUrl: `${zlb.loginUrl}${zlb.loginUrl.includes('?') ? '&' : '?'}servicecode=${encodeURIComponent(zlb.serviceCode)}`,
            },
          ]
        : []),
    ],
  }
}
