/**
 * The drawn graph: nodes and edges in SVG (edges on a canvas under the SVG when the graph is large),
 * d3-zoom for pan and zoom (wheel, drag, and keyboard: + / − / 0 fit / arrow keys), roving focus over
 * nodes and over edges, tooltips, and highlight states (selection, the selected span's path, a
 * found node). The zoom transform is applied to one <g> (and the canvas) directly, never through
 * React, so a frame of panning costs one attribute and one canvas redraw.
 */
import { memo, useCallback, useEffect, useId, useImperativeHandle, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { KeyboardEvent as ReactKeyboardEvent, ReactNode, Ref } from 'react';
import { select, zoom as d3zoom, zoomIdentity } from 'd3';
import type { D3ZoomEvent, ZoomBehavior, ZoomTransform } from 'd3';
import type { GraphLayout } from '../../state/index.ts';
import { edgeDistance2, edgeMidpoint, edgePath } from '../../core/layout/graph-layout.ts';
import type { ServiceColor } from '../shared/colors.ts';
import { EDGE_COLOR, NODE_ICON_W, edgeName, errorBucket, nextInDirection, nodeDescription, placeLabels, strokeWidth } from './model.ts';
import type { ErrorBucket } from './model.ts';
import { NODE_FILL, NODE_STROKE, nodeIcon, nodeShape, ringArc, translatePath } from './shapes.ts';
import type { Scene } from './scene.ts';
import { EdgeTip, NodeTip } from './Info.tsx';
import { EdgeCanvas, MARKER_LEN, markerSize, regionFor } from './edge-canvas.ts';
import type { EdgePicture } from './edge-canvas.ts';
import { standaloneSvg } from './exporters.ts';

/** Above these counts edges go on a canvas (nodes stay SVG and hit-testable). */
export const CANVAS_NODES = 300;
export const CANVAS_EDGES = 1500;
const PAD = 24;
const MIN_K = 0.02;
const MAX_K = 4;

export type GraphSelection = { kind: 'node'; node: number } | { kind: 'edge'; edge: number } | null;

export interface GraphApi {
  zoomBy(factor: number): void;
  fit(): void;
  /** Centres graph node `node` (graph index) and moves keyboard focus to it. */
  centerOn(node: number): void;
  /** The graph as a standalone SVG document and its size. */
  exportSvg(): { text: string; width: number; height: number } | null;
  /** The current zoom transform (tests, debugging). */
  transform(): { x: number; y: number; k: number };
}

export interface GraphViewProps {
  scene: Scene;
  layout: GraphLayout;
  labels: boolean;
  selection: GraphSelection;
  /** The selected span's path: graph edge indices and node ids. */
  path: { edges: ReadonlySet<number>; nodes: ReadonlySet<string> } | null;
  /** A node found by search (graph index), ringed. */
  found: number | null;
  serviceColors: ReadonlyMap<string, ServiceColor>;
  summary: string;
  /** Changes when the picture should be fitted again (another trace, filter, algorithm). */
  fitKey: string;
  onSelectNode(node: number | null): void;
  onSelectEdge(edge: number | null): void;
  apiRef: Ref<GraphApi>;
}

interface Tip {
  x: number;
  y: number;
  content: ReactNode;
}

type Dir = 'left' | 'right' | 'up' | 'down';
const ARROW_DIR: Record<string, Dir> = { ArrowLeft: 'left', ArrowRight: 'right', ArrowUp: 'up', ArrowDown: 'down' };

interface EdgeStyle {
  color: string;
  bucket: ErrorBucket;
  width: number;
  dashed: boolean;
}

function edgeStyles(scene: Scene): EdgeStyle[] {
  return scene.visible.edges.map((k) => {
    const e = scene.graph.edges[k];
    const bucket = errorBucket(e.errors, e.calls);
    return { bucket, color: EDGE_COLOR[bucket], width: strokeWidth(e.calls, scene.maxCalls), dashed: e.type === 'async' };
  });
}

export const GraphView = memo(function GraphView(props: GraphViewProps) {
  const { scene, layout, labels, selection, path, found, serviceColors, summary, fitKey, onSelectNode, onSelectEdge, apiRef } = props;
  const uid = useId().replace(/[^\w-]/g, '');
  const wrapRef = useRef<HTMLDivElement>(null);
  const svgRef = useRef<SVGSVGElement>(null);
  /** The element that moves: an HTML layer around the <svg> (see applyTransform). */
  const layerRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const zoomRef = useRef<ZoomBehavior<HTMLDivElement, unknown> | null>(null);
  /** A pan or zoom gesture is under way (level-of-detail changes wait for its end). */
  const moving = useRef(false);
  const tRef = useRef<ZoomTransform>(zoomIdentity);
  const [tip, setTip] = useState<Tip | null>(null);
  const [focusNode, setFocusNode] = useState(-1);
  const [focusEdge, setFocusEdge] = useState(0);
  const nodeEls = useRef<(SVGGElement | null)[]>([]);
  const edgeEls = useRef<(SVGGElement | null)[]>([]);
  const { graph, visible } = scene;
  const nodeCount = visible.nodes.length;
  const edgeCount = visible.edges.length;
  const canvasMode = nodeCount > CANVAS_NODES || edgeCount > CANVAS_EDGES;
  const styles = useMemo(() => edgeStyles(scene), [scene]);
  const labelPos = useMemo(() => placeLabels(layout, { x: layout.x, y: layout.y, w: scene.w, h: scene.h }, scene.labelW, scene.labelSide, scene.labelOrder), [layout, scene]);

  // ---- highlight sets (graph indices)
  const selectedNode = selection?.kind === 'node' ? selection.node : null;
  const selectedEdge = selection?.kind === 'edge' ? selection.edge : null;
  const neighbourhood = useMemo(() => {
    if (selectedNode === null) return null;
    const nodes = new Set<number>([selectedNode]);
    const edges = new Set<number>();
    for (const k of visible.edges) {
      const e = graph.edges[k];
      if (e.source === selectedNode || e.target === selectedNode) {
        edges.add(k);
        nodes.add(e.source);
        nodes.add(e.target);
      }
    }
    return { nodes, edges };
  }, [selectedNode, visible, graph]);

  // ---- canvas edges (large graphs)
  const boxes = useMemo(() => {
    if (!canvasMode) return null;
    const b = new Float64Array(edgeCount * 4);
    for (let j = 0; j < edgeCount; j++) {
      let x0 = Infinity;
      let y0 = Infinity;
      let x1 = -Infinity;
      let y1 = -Infinity;
      for (let p = layout.ptStart[j]; p < layout.ptStart[j + 1]; p++) {
        x0 = Math.min(x0, layout.pts[2 * p]);
        x1 = Math.max(x1, layout.pts[2 * p]);
        y0 = Math.min(y0, layout.pts[2 * p + 1]);
        y1 = Math.max(y1, layout.pts[2 * p + 1]);
      }
      b.set([x0, y0, x1, y1], 4 * j);
    }
    return b;
  }, [canvasMode, layout, edgeCount]);
  // the canvas picture (edge-canvas.ts): redrawn when what it shows changes, or when the view
  // has left it (after a gesture, or when one pauses), never on each frame of one
  const painter = useRef<EdgeCanvas | null>(null);
  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvasMode || !canvas) return;
    const p = new EdgeCanvas(canvas, PAD);
    painter.current = p;
    p.place(tRef.current);
    return () => {
      p.dispose();
      painter.current = null;
    };
  }, [canvasMode]);
  const picture = useMemo((): EdgePicture | null => {
    if (!boxes) return null;
    const emph = (j: number) => {
      const k = visible.edges[j];
      return k === selectedEdge || (path?.edges.has(k) ?? false) || (neighbourhood?.edges.has(k) ?? false);
    };
    return { layout, styles, boxes, emph, dim: neighbourhood !== null, labels: labels ? scene.edgeLabels : null, labelPos };
  }, [boxes, visible, selectedEdge, path, neighbourhood, layout, styles, labels, scene, labelPos]);
  const pictureRef = useRef(picture);
  useLayoutEffect(() => {
    pictureRef.current = picture;
  });
  /** Draws a new picture when forced, or when the current one does not cover the view. */
  const repaint = useCallback((force: boolean) => {
    const p = painter.current;
    const pic = pictureRef.current;
    const wrap = wrapRef.current;
    if (!p || !pic || !wrap) return;
    const t = tRef.current;
    const cw = wrap.clientWidth;
    const ch = wrap.clientHeight;
    if (!force && p.covers(t, cw, ch, pic.layout)) return;
    const dpr = Math.min(2, window.devicePixelRatio || 1);
    p.draw(pic, regionFor(t, cw, ch, pic.layout, PAD, dpr), dpr);
  }, []);
  useEffect(() => {
    if (picture) repaint(true);
  }, [picture, repaint]);
  const pause = useRef(0);
  useEffect(() => () => clearTimeout(pause.current), []);

  // ---- zoom
  // The <svg> is the size of the graph and moves as a whole, inside an HTML layer of its own
  // (will-change: transform) that takes the CSS transform: a frame of panning or zooming repaints
  // nothing, the compositor moves and scales the picture it already has. Not a transform on the
  // <svg> itself: there, Chromium 150 lays out the whole drawing again on every change, each label
  // included (40-70 ms a frame at 1,000 services). data-transform repeats it in SVG syntax for
  // tests and tools that read it.
  const applyLod = useCallback((k: number) => {
    // level of detail: fewer glyphs when zoomed far out. Switching repaints every node, so it
    // waits until a gesture ends.
    const svg = svgRef.current;
    const lod = k < 0.3 ? '2' : k < 0.55 ? '1' : '0';
    if (svg && svg.dataset.lod !== lod) svg.dataset.lod = lod;
  }, []);
  const applyTransform = useCallback(
    (t: ZoomTransform) => {
      tRef.current = t;
      const layer = layerRef.current;
      if (layer) {
        layer.style.transform = `translate(${t.x}px,${t.y}px) scale(${t.k})`;
        layer.dataset.transform = `translate(${t.x},${t.y}) scale(${t.k})`;
        layer.dataset.k = t.k.toFixed(4);
      }
      painter.current?.place(t);
      clearTimeout(pause.current);
      if (!moving.current) {
        applyLod(t.k);
        repaint(false);
      } else pause.current = window.setTimeout(() => repaint(false), 120);
    },
    [repaint, applyLod],
  );
  useEffect(() => {
    const wrap = wrapRef.current;
    if (!wrap) return;
    const endGesture = () => {
      if (!moving.current) return;
      moving.current = false;
      wrap.classList.remove('is-moving');
      painter.current?.setGesture(false);
      applyLod(tRef.current.k);
      clearTimeout(pause.current);
      repaint(false);
    };
    const z = d3zoom<HTMLDivElement, unknown>()
      .scaleExtent([MIN_K, MAX_K])
      .filter((ev: Event) => {
        const e = ev as MouseEvent & WheelEvent;
        return (!e.ctrlKey || e.type === 'wheel') && !e.button;
      })
      .on('zoom', (ev: D3ZoomEvent<HTMLDivElement, unknown>) => {
        // a drag or wheel under way (not a click: that must still reach the node under the
        // pointer): the graph stops taking pointer events, so moving the pointer over it costs
        // no hit testing of its nodes and no hover restyling
        if (ev.sourceEvent && !moving.current) {
          moving.current = true;
          wrap.classList.add('is-moving');
          painter.current?.setGesture(true);
        }
        applyTransform(ev.transform);
      })
      .on('end', endGesture);
    zoomRef.current = z;
    select(wrap).call(z).on('dblclick.zoom', null);
    // A press on a node or edge does not focus it (a click does, in its onClick): the press may
    // start a pan, and a focus change re-renders the graph in the pan's first frame. Native and in
    // the capture phase: d3-zoom stops the mousedown before React would see it.
    const noFocusOnPress = (e: MouseEvent) => {
      if ((e.target as Element | null)?.closest?.('[data-node], [data-edge]')) e.preventDefault();
    };
    wrap.addEventListener('mousedown', noFocusOnPress, true);
    return () => {
      wrap.removeEventListener('mousedown', noFocusOnPress, true);
      select(wrap).on('.zoom', null);
      endGesture();
    };
  }, [applyTransform, applyLod, repaint]);

  const fitTransform = useCallback((): ZoomTransform => {
    const wrap = wrapRef.current;
    const cw = wrap?.clientWidth ?? 800;
    const ch = wrap?.clientHeight ?? 500;
    const gw = layout.width + 2 * PAD;
    const gh = layout.height + 2 * PAD;
    const k = Math.max(MIN_K, Math.min(1.25, cw / gw, ch / gh));
    return zoomIdentity.translate((cw - gw * k) / 2, (ch - gh * k) / 2).scale(k);
  }, [layout]);
  const setTransform = useCallback((t: ZoomTransform) => {
    const wrap = wrapRef.current;
    if (wrap && zoomRef.current) select(wrap).call(zoomRef.current.transform, t);
  }, []);

  // fit when the picture changes identity; keep the view when only data is added
  const fitted = useRef<string | null>(null);
  useEffect(() => {
    if (fitted.current === fitKey) return;
    fitted.current = fitKey;
    setTransform(fitTransform());
  }, [fitKey, fitTransform, setTransform]);

  const slotOf = useCallback((node: number) => visible.slot[node] ?? -1, [visible]);
  const centerOn = useCallback(
    (node: number) => {
      const i = slotOf(node);
      const wrap = wrapRef.current;
      if (i < 0 || !wrap) return;
      const k = Math.max(tRef.current.k, 0.9);
      const x = layout.x[i] + PAD;
      const y = layout.y[i] + PAD;
      setTransform(zoomIdentity.translate(wrap.clientWidth / 2 - x * k, wrap.clientHeight / 2 - y * k).scale(k));
      setFocusNode(i);
      nodeEls.current[i]?.focus({ preventScroll: true });
    },
    [slotOf, layout, setTransform],
  );

  useImperativeHandle(
    apiRef,
    () => ({
      zoomBy(f) {
        const wrap = wrapRef.current;
        if (wrap && zoomRef.current) select(wrap).call(zoomRef.current.scaleBy, f);
      },
      fit: () => setTransform(fitTransform()),
      centerOn,
      exportSvg() {
        const svg = svgRef.current;
        if (!svg) return null;
        const canvasEdges = canvasMode ? styles.map((s, j) => ({ index: j, color: s.color, width: s.width, dashed: s.dashed, marker: `${uid}-m-${s.bucket}-${markerSize(s.width)}` })) : null;
        const text = standaloneSvg(svg, layout, canvasEdges, PAD);
        return { text, width: Math.ceil(layout.width + 2 * PAD), height: Math.ceil(layout.height + 2 * PAD) };
      },
      transform: () => ({ x: tRef.current.x, y: tRef.current.y, k: tRef.current.k }),
    }),
    [setTransform, fitTransform, centerOn, canvasMode, styles, layout, uid],
  );

  // ---- keyboard on the viewport: zoom, fit, pan
  const onViewportKey = (e: ReactKeyboardEvent<HTMLDivElement>) => {
    const wrap = wrapRef.current;
    const z = zoomRef.current;
    if (!wrap || !z || e.altKey || e.ctrlKey || e.metaKey) return;
    const onItem = e.target !== e.currentTarget;
    if (e.key === '+' || e.key === '=') select(wrap).call(z.scaleBy, 1.25);
    else if (e.key === '-' || e.key === '_') select(wrap).call(z.scaleBy, 0.8);
    else if (e.key === '0') setTransform(fitTransform());
    else if (!onItem && ARROW_DIR[e.key]) {
      const step = 60 / tRef.current.k;
      const d = ARROW_DIR[e.key];
      // arrow moves the view: the graph slides the other way
      select(wrap).call(z.translateBy, d === 'left' ? step : d === 'right' ? -step : 0, d === 'up' ? step : d === 'down' ? -step : 0);
    } else return;
    e.preventDefault();
  };

  // ---- tooltips
  const showTip = useCallback((content: ReactNode, clientX: number, clientY: number) => {
    const wrap = wrapRef.current;
    if (!wrap) return;
    const r = wrap.getBoundingClientRect();
    setTip({ x: Math.max(4, Math.min(clientX - r.left + 12, wrap.clientWidth - 330)), y: clientY - r.top + 8, content });
  }, []);
  const hideTip = useCallback(() => setTip(null), []);
  const tipAtElement = useCallback(
    (el: Element, content: ReactNode) => {
      const r = el.getBoundingClientRect();
      showTip(content, r.left + r.width / 2, r.bottom);
    },
    [showTip],
  );

  // ---- nodes
  const onNodeKey = useCallback(
    (e: ReactKeyboardEvent<SVGGElement>, i: number) => {
      const node = visible.nodes[i];
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        onSelectNode(node);
        return;
      }
      if (e.key === 'Escape') {
        onSelectNode(null);
        return;
      }
      const d = ARROW_DIR[e.key];
      if (!d) return;
      e.preventDefault();
      e.stopPropagation();
      let next = nextInDirection(layout.x, layout.y, nodeCount, i, d);
      if (next < 0) next = d === 'right' || d === 'down' ? (i + 1) % nodeCount : (i - 1 + nodeCount) % nodeCount;
      setFocusNode(next);
      nodeEls.current[next]?.focus();
    },
    [visible, layout, nodeCount, onSelectNode],
  );
  const onEdgeKey = useCallback(
    (e: ReactKeyboardEvent<SVGGElement>, j: number) => {
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        onSelectEdge(visible.edges[j]);
        return;
      }
      if (e.key === 'Escape') {
        onSelectEdge(null);
        return;
      }
      const d = ARROW_DIR[e.key];
      if (!d) return;
      e.preventDefault();
      e.stopPropagation();
      const next = d === 'right' || d === 'down' ? (j + 1) % edgeCount : (j - 1 + edgeCount) % edgeCount;
      setFocusEdge(next);
      edgeEls.current[next]?.focus();
    },
    [visible, edgeCount, onSelectEdge],
  );

  // the first tab stop among nodes: the top-left one
  const firstNode = useMemo(() => {
    let best = 0;
    for (let i = 1; i < nodeCount; i++) if (layout.x[i] < layout.x[best] - 1 || (Math.abs(layout.x[i] - layout.x[best]) <= 1 && layout.y[i] < layout.y[best])) best = i;
    return best;
  }, [layout, nodeCount]);
  const tabNode = focusNode >= 0 && focusNode < nodeCount ? focusNode : firstNode;

  // Node geometry at the node's position: no transform per node (see translatePath).
  const nodeGeometry = useMemo(
    () =>
      visible.nodes.map((v, i) => {
        const n = graph.nodes[v];
        const shape = nodeShape(n.type, scene.w[i], scene.h[i]);
        const x = layout.x[i];
        const y = layout.y[i];
        const iconX = x - scene.w[i] / 2 + NODE_ICON_W / 2 + 2;
        const errRate = n.requests > 0 ? n.errors / n.requests : 0;
        return {
          shape,
          outline: translatePath(shape.outline, x, y),
          detail: shape.detail ? translatePath(shape.detail, x, y) : '',
          iconX,
          icon: translatePath(nodeIcon(n.type), iconX, y),
          ring: errRate > 0 ? translatePath(ringArc(14, errRate), iconX, y) : '',
        };
      }),
    [visible, graph, scene, layout],
  );

  const nodesJsx = useMemo(() => {
    return visible.nodes.map((v, i) => {
      const n = graph.nodes[v];
      const w = scene.w[i];
      const h = scene.h[i];
      const x = layout.x[i];
      const y = layout.y[i];
      const geo = nodeGeometry[i];
      const shape = geo.shape;
      const findings = scene.findings.nodeTotal[v];
      const isSel = selectedNode === v;
      const onPath = path?.nodes.has(n.id) ?? false;
      const dimmed = neighbourhood !== null && !neighbourhood.nodes.has(v);
      const cls = ['sm-topo-node', `sm-topo-node--${n.type}`, n.inferred ? 'is-inferred' : '', isSel ? 'is-selected' : '', onPath ? 'is-path' : '', found === v ? 'is-found' : '', dimmed ? 'is-dim' : ''].filter(Boolean).join(' ');
      const color = !n.inferred ? serviceColors.get(n.id === '(unknown service)' ? '' : n.id)?.color : undefined;
      const textX = x - w / 2 + NODE_ICON_W + 2;
      return (
        <g
          key={n.id}
          ref={(el) => {
            nodeEls.current[i] = el;
          }}
          className={cls}
          role="button"
          tabIndex={i === tabNode ? 0 : -1}
          aria-label={n.id}
          aria-description={nodeDescription(n, findings)}
          aria-pressed={isSel}
          data-node={n.id}
          data-type={n.type}
          data-shape={shape.name}
          data-inferred={n.inferred ? 'true' : 'false'}
          onClick={(e) => {
            e.stopPropagation();
            e.currentTarget.focus({ preventScroll: true });
            setFocusNode(i);
            onSelectNode(v);
          }}
          onKeyDown={(e) => onNodeKey(e, i)}
          onFocus={(e) => {
            setFocusNode(i);
            tipAtElement(e.currentTarget, <NodeTip node={n} findings={scene.findings.node[v]} />);
          }}
          onBlur={hideTip}
          onPointerEnter={(e) => showTip(<NodeTip node={n} findings={scene.findings.node[v]} />, e.clientX, e.clientY + 12)}
          onPointerLeave={hideTip}
        >
          <path className="sm-topo-node__halo" d={geo.outline} />
          <path className="sm-topo-node__shape" d={geo.outline} fill={NODE_FILL[n.type]} stroke={NODE_STROKE[n.type]} strokeWidth={1.5} strokeDasharray={n.inferred ? '5 3' : undefined} />
          {geo.detail && <path className="sm-topo-node__detail" d={geo.detail} fill="none" stroke={NODE_STROKE[n.type]} strokeWidth={1.5} strokeDasharray={n.inferred ? '5 3' : undefined} />}
          {color && <rect className="sm-topo-node__accent" x={x - w / 2 + 1.5} y={y - h / 2 + 8} width={3.5} height={h - 16} rx={1.5} fill={color} />}
          <g className="sm-topo-node__icon">
            <circle cx={geo.iconX} cy={y} r={14} fill="none" stroke="#d5dae1" strokeWidth={3} />
            {geo.ring && <path className="sm-topo-node__errors" d={geo.ring} fill="none" stroke="#c8261b" strokeWidth={3} strokeLinecap="round" />}
            <path d={geo.icon} fill="none" stroke={NODE_STROKE[n.type]} strokeWidth={1.4} strokeLinejoin="round" strokeLinecap="round" />
          </g>
          <text className="sm-topo-node__name" x={textX} y={y - 3}>
            {scene.names[i]}
          </text>
          <text className="sm-topo-node__meta" x={textX} y={y + 13}>
            {scene.metas[i]}
          </text>
          {findings > 0 && (
            <g className="sm-topo-badge">
              <rect x={x + w / 2 - 34} y={y - h / 2 - 9} width={34} height={17} rx={8.5} fill="#fff1cc" stroke="#c77700" strokeWidth={1} />
              <text className="sm-topo-badge__text" x={x + w / 2 - 17} y={y - h / 2 + 3.5} textAnchor="middle">
                {`⚠${findings > 99 ? '99+' : findings}`}
              </text>
            </g>
          )}
        </g>
      );
    });
  }, [visible, graph, scene, layout, nodeGeometry, selectedNode, path, neighbourhood, found, serviceColors, tabNode, onSelectNode, onNodeKey, tipAtElement, hideTip, showTip]);

  const tabEdge = focusEdge < edgeCount ? focusEdge : 0;
  // Edges are drawn in two parts: the lines under the nodes, and on top of the nodes the focusable
  // part (a wide transparent hit path and the label), so the tab order is nodes first, then edges.
  const edgesJsx = useMemo(() => {
    if (canvasMode) return null;
    const lines: ReactNode[] = [];
    const buttons: ReactNode[] = [];
    visible.edges.forEach((k, j) => {
      const e = graph.edges[k];
      const s = styles[j];
      const findings = scene.findings.edgeTotal[k];
      const isSel = selectedEdge === k;
      const onPath = path?.edges.has(k) ?? false;
      const emph = isSel || onPath || (neighbourhood?.edges.has(k) ?? false);
      const dimmed = neighbourhood !== null && !emph;
      const d = edgePath(layout, j);
      const mid = edgeMidpoint(layout, j);
      const marker = `url(#${uid}-m-${emph ? 'sel' : s.bucket}-${markerSize(s.width)})`;
      const state = [isSel ? 'is-selected' : '', onPath ? 'is-path' : '', dimmed ? 'is-dim' : '', layout.reversed[j] ? 'is-back' : ''].filter(Boolean).join(' ');
      const key = `${e.from}\u0000${e.to}\u0000${e.type}`;
      const id = `${e.from}→${e.to}`;
      lines.push(
        <path
          key={key}
          className={`sm-topo-edge__line sm-topo-edge__line--${e.type} ${state}`}
          data-line={id}
          data-type={e.type}
          d={d}
          fill="none"
          stroke={emph ? '#1f6fb4' : s.color}
          strokeWidth={emph ? Math.max(2.5, s.width) : s.width}
          strokeDasharray={s.dashed ? '6 4' : undefined}
          markerEnd={marker}
        />,
      );
      buttons.push(
        <g
          key={key}
          ref={(el) => {
            edgeEls.current[j] = el;
          }}
          className={`sm-topo-edge sm-topo-edge--${e.type} ${state}`}
          role="button"
          tabIndex={j === tabEdge ? 0 : -1}
          aria-label={edgeName(e, findings)}
          aria-pressed={isSel}
          data-edge={id}
          data-type={e.type}
          data-errors={s.bucket}
          onClick={(ev) => {
            ev.stopPropagation();
            ev.currentTarget.focus({ preventScroll: true });
            setFocusEdge(j);
            onSelectEdge(k);
          }}
          onKeyDown={(ev) => onEdgeKey(ev, j)}
          onFocus={(ev) => {
            setFocusEdge(j);
            tipAtElement(ev.currentTarget, <EdgeTip edge={e} findings={scene.findings.edge[k]} />);
          }}
          onBlur={hideTip}
          onPointerEnter={(ev) => showTip(<EdgeTip edge={e} findings={scene.findings.edge[k]} />, ev.clientX, ev.clientY + 12)}
          onPointerLeave={hideTip}
        >
          <path className="sm-topo-edge__hit" d={d} />
          {labels && (
            <text className="sm-topo-edge__label" x={labelPos[2 * j]} y={labelPos[2 * j + 1]} textAnchor="middle">
              {scene.edgeLabels[j]}
            </text>
          )}
          {!labels && findings > 0 && <circle className="sm-topo-edge__finding" cx={mid.x} cy={mid.y} r={4} fill="#fff1cc" stroke="#c77700" />}
        </g>,
      );
    });
    return { lines, buttons };
  }, [canvasMode, visible, graph, styles, scene, selectedEdge, path, neighbourhood, layout, uid, labels, labelPos, tabEdge, onSelectEdge, onEdgeKey, tipAtElement, hideTip, showTip]);

  // canvas mode: clicks and hovers on the background hit-test the edges
  const edgeAt = useCallback(
    (clientX: number, clientY: number): number => {
      const wrap = wrapRef.current;
      if (!canvasMode || !wrap) return -1;
      const r = wrap.getBoundingClientRect();
      const t = tRef.current;
      const gx = (clientX - r.left - t.x) / t.k - PAD;
      const gy = (clientY - r.top - t.y) / t.k - PAD;
      const tol = Math.max(4, 6 / t.k);
      let best = -1;
      let bestD = tol * tol;
      for (let j = 0; j < edgeCount; j++) {
        const b = boxes as Float64Array;
        if (gx < b[4 * j] - tol || gx > b[4 * j + 2] + tol || gy < b[4 * j + 1] - tol || gy > b[4 * j + 3] + tol) continue;
        const d2 = edgeDistance2(layout, j, gx, gy);
        if (d2 < bestD) {
          bestD = d2;
          best = j;
        }
      }
      return best;
    },
    [canvasMode, edgeCount, boxes, layout],
  );

  const markers = useMemo(() => {
    const out: ReactNode[] = [];
    for (const [name, color] of [...Object.entries(EDGE_COLOR), ['sel', '#1f6fb4']] as [string, string][]) {
      for (const size of ['s', 'm', 'l'] as const) {
        const len = MARKER_LEN[size];
        out.push(
          <marker key={`${name}-${size}`} id={`${uid}-m-${name}-${size}`} viewBox={`0 0 ${len} ${len}`} refX={len} refY={len / 2} markerWidth={len} markerHeight={len} markerUnits="userSpaceOnUse" orient="auto">
            <path d={`M0,${len * 0.1}L${len},${len / 2}L0,${len * 0.9}Z`} fill={color} />
          </marker>,
        );
      }
    }
    return out;
  }, [uid]);

  return (
    <div
      ref={wrapRef}
      className="sm-topo-viewport"
      tabIndex={0}
      role="group"
      aria-roledescription="service graph"
      aria-label={summary}
      aria-describedby={`${uid}-help`}
      data-testid="topology-graph"
      data-mode={canvasMode ? 'canvas' : 'svg'}
      onKeyDown={onViewportKey}
      onClick={(e) => {
        // a click on the background (nodes and edges stop theirs)
        const el = e.target as Element;
        if (el !== e.currentTarget && el !== svgRef.current && el !== layerRef.current && !el.classList.contains('sm-topo-bg')) return;
        if (canvasMode) {
          const j = edgeAt(e.clientX, e.clientY);
          if (j >= 0) {
            onSelectEdge(visible.edges[j]);
            return;
          }
        }
        onSelectNode(null);
        onSelectEdge(null);
      }}
      onPointerMove={(e) => {
        if (!canvasMode || e.buttons !== 0 || (e.target !== e.currentTarget && e.target !== svgRef.current && e.target !== layerRef.current)) return;
        const j = edgeAt(e.clientX, e.clientY);
        if (j >= 0) showTip(<EdgeTip edge={graph.edges[visible.edges[j]]} findings={scene.findings.edge[visible.edges[j]]} />, e.clientX, e.clientY + 12);
        else if (tip) hideTip();
      }}
    >
      <p id={`${uid}-help`} className="sm-visually-hidden">
        Tab to the services, then use the arrow keys to move between them and Enter to select one. Tab again to reach the calls between them. Plus and minus zoom, 0 fits the graph, arrow keys on the graph pan.
      </p>
      {canvasMode && <canvas ref={canvasRef} className="sm-topo-canvas" aria-hidden="true" />}
      <div ref={layerRef} className="sm-topo-layer" data-zoom-root="">
        <svg ref={svgRef} className="sm-topo-svg" role="none" data-lod="0" width={Math.ceil(layout.width + 2 * PAD)} height={Math.ceil(layout.height + 2 * PAD)}>
          <defs>{markers}</defs>
          <g transform={`translate(${PAD},${PAD})`}>
            {edgesJsx && (
              <g className="sm-topo-lines" aria-hidden="true">
                {edgesJsx.lines}
              </g>
            )}
            <g className="sm-topo-nodes" role="group" aria-label={`Services and inferred nodes: ${nodeCount}`}>
              {nodesJsx}
            </g>
            {edgesJsx && (
              <g className="sm-topo-edges" role="group" aria-label={`Calls between them: ${edgeCount}`}>
                {edgesJsx.buttons}
              </g>
            )}
          </g>
        </svg>
      </div>
      <div className="sm-topo-shield" aria-hidden="true" />
      {tip && (
        <div className="sm-topo-tip" role="tooltip" style={{ left: tip.x, top: tip.y }}>
          {tip.content}
        </div>
      )}
    </div>
  );
});
