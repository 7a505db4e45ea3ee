/**
 * The key Bitrix24's duplicate search compares phones by: digits only, an extension after # or ;
 * dropped, and for numbers of 10+ digits a leading 8 read as the Russian trunk prefix (→ 7), a leading 00 or 011
 * (international prefixes) or 0 (trunk prefix) stripped, 80/81/82 kept. Used to tell which of the 20 numbers of a
 * findbycomm request a found record matched.
 */
export function bitrixPhoneKey(phone: string): string {
	let text = phone.trim();
	if (text.length >= 10 && text.startsWith('+8')) text = '00' + text.slice(1);
	const [number] = text.replace(/[^\d#*,;]/g, '').split(/[#;,]/);
	const digits = number.replace(/\*/g, '');
	if (digits.length < 10) return digits;
	if (/^8[0-2]/.test(digits)) return digits;
	if (digits.startsWith('00')) return digits.slice(2);
	if (digits.startsWith('011')) return digits.slice(3);
	if (digits.startsWith('8')) return '7' + digits.slice(1);
	if (digits.startsWith('0')) return digits.slice(1);
	return digits;
}

export function bitrixEmailKey(email: string): string {
	return email.trim().toLowerCase();
}
