using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;

namespace AuditApp.Billing;

public class Invoice
{
    public int Id { get; set; }

    // Widened in the code after the last migration, which made it character varying(32): no migration yet (DRIFT014).
    [MaxLength(40)]
    public string Number { get; set; } = "";

    // The model says uuid, and the first migration created it so; the second one's own SQL made it integer (the audit's case).
    public Guid CustomerId { get; set; }

    [Precision(10, 2)]
    public decimal Total { get; set; }

    public DateOnly? DueDate { get; set; }
}
