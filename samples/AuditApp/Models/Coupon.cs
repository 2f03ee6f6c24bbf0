using System.ComponentModel.DataAnnotations.Schema;

namespace AuditApp.Models;

// Written as an entity, registered in no DbContext: no migration ever creates its table.
[Table("coupons")]
public class Coupon
{
    public int Id { get; set; }

    public string Code { get; set; } = null!;

    public decimal Discount { get; set; }
}
