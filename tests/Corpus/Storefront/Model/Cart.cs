namespace Storefront.Model;

public class Cart
{
    public Guid Id { get; set; }
    public int? CustomerId { get; set; }
    public Customer? Customer { get; set; }
    public string? CouponCode { get; set; }
    public DateTime UpdatedAt { get; set; }
    public DateTime? ExpiresAt { get; set; }
    public ICollection<CartItem> Items { get; } = new List<CartItem>();
}

public class CartItem
{
    public int Id { get; set; }
    public Guid CartId { get; set; }
    public Cart Cart { get; set; } = null!;
    public string ProductSku { get; set; } = null!;
    public int Quantity { get; set; }
    public decimal UnitPrice { get; set; }
}
