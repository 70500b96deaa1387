/**
 * Every stylesheet the viewer uses, as text, for the custom element's shadow root (a constructed
 * or <style> sheet there is the only way to style inside it). Keep in step with the views' CSS
 * imports: the e2e test checks that the element's waterfall and topology are styled.
 */
import uiCss from '../ui/ui.css?inline';
import waterfallCss from '../views/waterfall/waterfall.css?inline';
import topologyCss from '../views/topology/topology.css?inline';
import detailsCss from '../views/details/details.css?inline';
import embedCss from './embed.css?inline';

/** In cascade order: the views' sheets first, the embed root (palette, dark theme overrides) last. */
export const VIEWER_CSS: string = [uiCss, detailsCss, waterfallCss, topologyCss, embedCss].join('\n');
