using CleanArch.Domain.Common;

namespace CleanArch.Domain.Orders;

public enum OrderStatus
{
    Pending = 1,
    Paid = 2,
    Shipped = 3,
    Cancelled = 4,
}

public sealed record Money(decimal Amount, string Currency)
{
    public static Money Zero(string currency) => new(0m, currency);
}

public sealed class Order : Entity
{
    private readonly List<OrderLine> _lines = [];

    private Order()
    {
    }

    public Order(Guid id, Guid customerId, DateTime placedOnUtc)
        : base(id)
    {
        CustomerId = customerId;
        PlacedOnUtc = placedOnUtc;
        Status = OrderStatus.Pending;
        Total = Money.Zero("EUR");
    }

    public Guid CustomerId { get; private set; }

    public OrderStatus Status { get; private set; }

    public Money Total { get; private set; } = null!;

    public DateTime PlacedOnUtc { get; private set; }

    public string? ShippingNote { get; private set; }

    public IReadOnlyList<OrderLine> Lines => _lines;

    public void AddLine(Guid productId, string productName, int quantity, decimal unitPrice)
    {
        _lines.Add(new OrderLine(Guid.NewGuid(), Id, productId, productName, quantity, unitPrice));
        Total = new Money(_lines.Sum(l => l.Quantity * l.UnitPrice), Total.Currency);
    }
}
