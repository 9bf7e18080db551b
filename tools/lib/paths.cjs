const path = require('node:path')

const root = path.resolve(__dirname, '..', '..')
module.exports = {
  root,
  /** everything `npm start` keeps between runs; `npm run reset` wipes it */
  dataDir: process.env.JQTB_DATA_DIR ? path.resolve(process.env.JQTB_DATA_DIR) : path.join(root, '.data'),
  /** built tools (the FerretDB wrapper binary); kept across resets */
  toolsDir: path.join(root, '.tools'),
  artifactsDir: path.join(root, '.artifacts'),
  h5Dist: path.join(root, 'miniapp', 'dist', 'h5'),
}
