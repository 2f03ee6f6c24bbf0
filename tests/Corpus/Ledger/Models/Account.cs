using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;

namespace Ledger.Models;

public class Account
{
    public Guid Id { get; set; }

    [Required]
    public string Number { get; set; } = "";

    [MaxLength(120)]
    public string DisplayName { get; set; } = "";

    public decimal Balance { get; set; }

    public string CurrencyCode { get; set; } = "EUR";
    public Currency Currency { get; set; } = null!;

    public PostalAddress? BillingAddress { get; set; }

    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public DateTime? ClosedAt { get; set; }
}

[Owned]
public class PostalAddress
{
    public string Street { get; set; } = "";
    public string City { get; set; } = "";
    public string? PostalCode { get; set; }
    public string Country { get; set; } = "";
}
