namespace Catalog.Entities;

public abstract class Discount
{
    public int Id { get; set; }
    public string Code { get; set; } = string.Empty;
    public DateOnly ValidFrom { get; set; }
    public DateOnly? ValidUntil { get; set; }
}

public class PercentageDiscount : Discount
{
    public int Percent { get; set; }
}

public class FixedAmountDiscount : Discount
{
    public decimal Amount { get; set; }
    public string Currency { get; set; } = "EUR";
}
