namespace Storefront.Model;

public enum CouponKind
{
    Percentage,
    FixedAmount,
    FreeShipping,
}

public class Coupon
{
    public string Code { get; set; } = null!;
    public CouponKind Kind { get; set; }
    public decimal Value { get; set; }
    public int? MaxRedemptions { get; set; }
    public DateTime ValidUntil { get; set; }
}
