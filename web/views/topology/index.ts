/** The service-graph (topology) view. */
export { Topology } from './Topology.tsx';
export type { TopologyProps } from './Topology.tsx';
