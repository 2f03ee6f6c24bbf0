namespace Storefront.Model;

public class Customer
{
    public int Id { get; set; }
    public string Email { get; set; } = null!;
    public string? FullName { get; set; }
    public bool MarketingOptIn { get; set; }
    public DateTime CreatedAt { get; set; }
    public ICollection<Cart> Carts { get; } = new List<Cart>();
}
