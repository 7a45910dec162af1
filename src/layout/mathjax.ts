// The parts of MathJax that typeset TeX into SVG, in its lite DOM: bundled into a chunk of their
// own, which layout/math.ts loads with the first pack that holds math. Loading MathJax's files
// one by one from node_modules (over a hundred of them) took 93–101 ms; the chunk, 66–72 ms.
export { liteAdaptor } from 'mathjax-full/js/adaptors/liteAdaptor.js';
export { RegisterHTMLHandler } from 'mathjax-full/js/handlers/html.js';
export { TeX } from 'mathjax-full/js/input/tex.js';

import 'mathjax-full/js/input/tex/base/BaseConfiguration.js';
import 'mathjax-full/js/input/tex/ams/AmsConfiguration.js';
import 'mathjax-full/js/input/tex/newcommand/NewcommandConfiguration.js';

export { mathjax } from 'mathjax-full/js/mathjax.js';
export { SVG } from 'mathjax-full/js/output/svg.js';
