using CleanArch.Domain.Common;

namespace CleanArch.Domain.Orders;

public sealed class OrderLine : Entity
{
    internal OrderLine(Guid id, Guid orderId, Guid productId, string productName, int quantity, decimal unitPrice)
        : base(id)
    {
        OrderId = orderId;
        ProductId = productId;
        ProductName = productName;
        Quantity = quantity;
        UnitPrice = unitPrice;
    }

    private OrderLine()
    {
    }

    public Guid OrderId { get; private set; }

    public Guid ProductId { get; private set; }

    public string ProductName { get; private set; } = null!;

    public int Quantity { get; private set; }

    public decimal UnitPrice { get; private set; }
}
