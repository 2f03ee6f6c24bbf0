namespace AuditApp.Models;

public enum SubscriptionPlan
{
    Free,
    Pro,
    Team,
}

public class Subscription
{
    public Guid Id { get; set; }

    // Declared UUID; the database has VARCHAR(64) (and no FK constraint).
    public Guid UserId { get; set; }

    public SubscriptionPlan Plan { get; set; }

    public DateTime StartedAt { get; set; }

    public DateTime? EndsAt { get; set; }
}
