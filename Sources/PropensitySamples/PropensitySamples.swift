/// PropensitySamples owns METHOD.md's sample building: targets, anchors, histories,
/// eligibility, the hashed split, balancing, shift augmentation and sequence encoding.
public enum PropensitySamples {}
