import { devToken } from './tests/support/raw-http'

const url = 'http://127.0.0.1:18080'
const ferret = Number(process.argv[2])
const pauseMs = Number(process.argv[3] ?? 10000)
async function main() {
  const t0 = Date.now()
  const results: Array<[number, number, number, string]> = []
  const auth = { authorization: `Bearer ${devToken('u-zhaoyan')}` }
  let stop = false
  const trickle = (async () => {
    const inflight: Promise<void>[] = []
    while (!stop) {
      const started = Date.now()
      inflight.push(
        fetch(`${url}/api/tasks?scope=all`, { headers: auth })
          .then(async (r) => {
            const b = await r.text()
            results.push([started - t0, Date.now() - started, r.status, r.status >= 400 ? b.slice(0, 60) : ''])
          })
          .catch((e) => {
            results.push([started - t0, Date.now() - started, 0, String(e)])
          }),
      )
      await new Promise((r) => setTimeout(r, 250))
    }
    await Promise.all(inflight)
  })()
  await new Promise((r) => setTimeout(r, 1000))
  process.kill(ferret, 'SIGSTOP')
  console.log('stopped at', Date.now() - t0)
  await new Promise((r) => setTimeout(r, pauseMs))
  process.kill(ferret, 'SIGCONT')
  console.log('resumed at', Date.now() - t0)
  await new Promise((r) => setTimeout(r, 8000))
  stop = true
  await trickle
  for (const r of results.sort((a, b) => a[0] - b[0])) console.log(r.join('\t'))
}
main()
