import React from 'react';

export class CartBadge extends React.Component {
  static defaultProps = { max: 99, compact: false };

  state = { open: false, seen: 0 };

  toggle = () => this.setState((s) => ({ open: !s.open }));

  handleKey = (event) => {
    if (event.key === 'Escape' || (event.key === 'Enter' && event.shiftKey)) {
      this.setState({ open: false });
    }
  };

  componentDidUpdate(prevProps) {
    if (prevProps.count !== this.props.count && this.state.open) {
      this.setState(({ seen }) => ({ seen: seen + 1 }));
    }
  }

  render() {
    const { count, max, compact } = this.props;
    const label = count > max ? `${max}+` : String(count);
    return (
      <span className="badge" onClick={this.toggle} onKeyDown={this.handleKey}>
        {count > 0 && <b>{label}</b>}
        {compact ? null : <em>items if any, for you</em>}
        {this.state.open && (
          <ul>
            {this.props.lines.map((line) => (
              <li key={line.sku}>{line.qty > 1 ? `${line.qty} x ${line.sku}` : line.sku}</li>
            ))}
          </ul>
        )}
      </span>
    );
  }
}

export function EmptyCart({ reason = 'empty', onRetry }) {
  switch (reason) {
    case 'offline':
      return <p>You're offline. Retry when you're back &amp; online</p>;
    case 'error':
      return (
        <div>
          <p>Something went wrong</p>
          {onRetry && <button onClick={() => onRetry()}>Retry</button>}
        </div>
      );
    default:
      return <p>Nothing here yet</p>;
  }
}

export const Total = ({ lines, currency }) => {
  let sum = 0;
  for (const { price = 0, qty = 1 } of lines) {
    sum += price * qty;
  }
  return <strong>{sum.toFixed(2)} {currency ?? 'EUR'}</strong>;
};

export default function ({ items }) {
  return items.length ? <CartBadge count={items.length} lines={items} /> : <EmptyCart />;
}
