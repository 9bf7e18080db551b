import type { Config } from '../config'
import type { Clock } from '../infra/clock'
import { AppError } from '../infra/errors'
import { createDingTalkProvider } from './dingtalk-provider'
import type { DingTalkGateway, Gateways, ProviderName } from './gateway'
import { createZzdProvider } from './zzd-provider'

export * from './gateway'

/**
 * The providers this BFF may use: the configured one (`DINGTALK_PROVIDER`, which sends notifications),
 * plus the other one when its credentials are set too (a tenant moving between platforms) — and both
 * against the simulator.
 */
export function createGateways(config: Config, clock: Clock): Gateways {
  const { dingtalk, zzd } = config
  const built = new Map<ProviderName, DingTalkGateway>()
  const wanted = (p: ProviderName) => p === dingtalk.provider || dingtalk.simulator || (p === 'dingtalk' ? !!dingtalk.appKey : !!zzd.appKey)
  if (wanted('dingtalk')) {
    built.set(
      'dingtalk',
      createDingTalkProvider(
        { oapiBase: dingtalk.oapiBase, appKey: dingtalk.appKey, appSecret: dingtalk.appSecret, agentId: dingtalk.agentId, timeoutMs: dingtalk.timeoutMs },
        clock,
      ),
    )
  }
  if (wanted('zhezhengding')) {
    built.set(
      'zhezhengding',
      createZzdProvider({ base: zzd.base, appKey: zzd.appKey, appSecret: zzd.appSecret, tenantId: zzd.tenantId, timeoutMs: dingtalk.timeoutMs }, clock),
    )
  }
  const primary = built.get(dingtalk.provider)!
  return {
    primary,
    get(provider) {
      const gateway = built.get(provider ?? dingtalk.provider)
      if (!gateway) throw new AppError('VALIDATION_FAILED', `本系统未接入${provider === 'dingtalk' ? '钉钉' : '浙政钉'}，请从已接入的平台打开应用`)
      return gateway
    },
  }
}
