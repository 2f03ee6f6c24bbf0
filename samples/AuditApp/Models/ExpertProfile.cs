namespace AuditApp.Models;

public class ExpertProfile
{
    public int Id { get; set; }

    // The audit's headline finding: the database column is INTEGER (with a real FK to "user".id).
    public Guid UserId { get; set; }

    public string Headline { get; set; } = null!;

    public string? Bio { get; set; }

    public decimal? HourlyRate { get; set; }

    public string[] Tags { get; set; } = [];

    public User User { get; set; } = null!;
}
