// Bundles the harness page (harness/main.tsx) with React and @grafana/* included, since no
// Grafana is there to provide them. Used by run.mjs; not part of the plugin build.
const path = require('path');

const root = path.resolve(__dirname, '../..');

module.exports = {
  mode: 'production',
  context: root,
  entry: path.resolve(__dirname, 'harness/main.tsx'),
  // Kept under node_modules/.cache so lint, prettier and git never see the bundle.
  output: { path: path.resolve(root, 'node_modules/.cache/stripe-browser-harness'), filename: 'harness.js' },
  devtool: false,
  // Tree shaking keeps only the parts of @grafana/ui the editors use; minifying would only cost time.
  optimization: { minimize: false },
  performance: { hints: false },
  resolve: {
    extensions: ['.js', '.jsx', '.ts', '.tsx'],
    modules: [path.resolve(root, 'src'), 'node_modules'],
  },
  module: {
    rules: [
      {
        test: /\.[tj]sx?$/,
        exclude: /node_modules/,
        use: {
          loader: 'swc-loader',
          options: {
            jsc: {
              target: 'es2020',
              parser: { syntax: 'typescript', tsx: true },
              transform: { react: { runtime: 'classic' } },
            },
          },
        },
      },
      { test: /\.m?js$/, resolve: { fullySpecified: false } },
      { test: /\.css$/, use: ['style-loader', 'css-loader'] },
      { test: /\.(svg|png|woff2?|ttf|eot)$/, type: 'asset/resource' },
    ],
  },
};
