/**
 * An error boundary per view: a view that throws while rendering shows what failed, in place,
 * while the other views and everything loaded stay as they were.
 */
import { Component } from 'react';
import type { ErrorInfo, ReactNode } from 'react';

interface Props {
  /** The view's name, as shown to the user ("waterfall", "topology", "span details"). */
  readonly name: string;
  readonly children: ReactNode;
}

interface State {
  readonly error: Error | null;
}

export class ViewBoundary extends Component<Props, State> {
  state: State = { error: null };

  static getDerivedStateFromError(error: unknown): State {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  componentDidCatch(error: unknown, info: ErrorInfo): void {
    console.error(`Spanmap: the ${this.props.name} view failed`, error, info.componentStack);
  }

  render(): ReactNode {
    const { error } = this.state;
    if (error) {
      return (
        <section className="sm-view-error" role="alert" data-testid={`view-error-${this.props.name.replace(/\s+/g, '-')}`}>
          <h2 className="sm-view-error__title">The {this.props.name} view failed</h2>
          <p className="sm-view-error__message">{error.message}</p>
          <p>The other views still work, and nothing that was loaded is lost.</p>
          <button type="button" onClick={() => this.setState({ error: null })}>
            Try again
          </button>
        </section>
      );
    }
    return (
      <>
        <FailPoint name={this.props.name} />
        {this.props.children}
      </>
    );
  }
}

/** Test hook: the e2e tests set `window.__spanmapFailView` to a view's name to make it throw. */
function FailPoint({ name }: { name: string }): null {
  if ((globalThis as { __spanmapFailView?: string }).__spanmapFailView === name) throw new Error(`forced failure of the ${name} view (test hook)`);
  return null;
}
