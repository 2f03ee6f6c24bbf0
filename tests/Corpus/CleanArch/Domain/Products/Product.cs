using CleanArch.Domain.Common;

namespace CleanArch.Domain.Products;

public sealed class Product : Entity
{
    private Product()
    {
    }

    public Product(Guid id, string name, string sku, decimal price)
        : base(id)
    {
        Name = name;
        Sku = sku;
        Price = price;
    }

    public string Name { get; private set; } = null!;

    public string Sku { get; private set; } = null!;

    public decimal Price { get; private set; }

    public int StockQuantity { get; private set; }

    public bool IsArchived { get; private set; }
}
