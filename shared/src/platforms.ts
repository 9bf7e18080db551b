/** The two platforms a person signs in from and the app sends work notices through. */
export const PLATFORMS = ['dingtalk', 'zhezhengding'] as const
export type Platform = (typeof PLATFORMS)[number]

export const PLATFORM_LABELS: Record<Platform, string> = { dingtalk: '钉钉', zhezhengding: '浙政钉' }
