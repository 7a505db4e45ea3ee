/**
 * First-response tiers: how fast a manager answered a new lead, and what it does to conversion.
 * ≤ 20 min ideal (+30%), ≤ 3 h normal (+10%), ≤ 12 h acceptable (+0%), more than 12 h undesirable (−30%).
 */

export type ResponseTier = 'ideal' | 'normal' | 'acceptable' | 'undesirable';

export interface ResponseTierInfo {
	tier: ResponseTier;
	/** "≤ 20 min", "≤ 3 h", "≤ 12 h", "> 12 h". */
	label: string;
	/** Effect on conversion: "+30%", "+10%", "+0%", "−30%". */
	conversion: string;
}

const TIERS: Array<ResponseTierInfo & { upToMinutes: number }> = [
	{ tier: 'ideal', label: '≤ 20 min', conversion: '+30%', upToMinutes: 20 },
	{ tier: 'normal', label: '≤ 3 h', conversion: '+10%', upToMinutes: 180 },
	{ tier: 'acceptable', label: '≤ 12 h', conversion: '+0%', upToMinutes: 720 },
	{ tier: 'undesirable', label: '> 12 h', conversion: '−30%', upToMinutes: Infinity },
];

export function responseTier(minutes: number): ResponseTierInfo {
	const found = TIERS.find((t) => minutes <= t.upToMinutes)!;
	return { tier: found.tier, label: found.label, conversion: found.conversion };
}

/** "35 min", "2 h 5 min", "1 d 3 h" — a response time as a person reads it. */
export function formatMinutes(minutes: number): string {
	const m = Math.round(minutes);
	if (m < 60) return `${m} min`;
	if (m < 24 * 60)
		return m % 60 === 0 ? `${Math.floor(m / 60)} h` : `${Math.floor(m / 60)} h ${m % 60} min`;
	const days = Math.floor(m / (24 * 60));
	const hours = Math.floor((m % (24 * 60)) / 60);
	return hours === 0 ? `${days} d` : `${days} d ${hours} h`;
}
