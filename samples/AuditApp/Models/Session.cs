namespace AuditApp.Models;

public class Session
{
    public Guid Id { get; set; }

    public int UserId { get; set; }

    public int? ExpertProfileId { get; set; }

    public DateTimeOffset StartsAt { get; set; }

    public short DurationMinutes { get; set; }

    public decimal Price { get; set; }

    public decimal? Total { get; set; }
}
