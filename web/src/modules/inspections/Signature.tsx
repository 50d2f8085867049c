// The enterprise's signature, drawn on the screen (signature_pad): a PNG data URL for the sign step.
import { Button, Space } from 'antd';
import SignaturePad from 'signature_pad';
import { useEffect, useRef } from 'react';
import { t } from '../../app/i18n';

export function SignatureBox({ onChange }: { onChange: (png: string | undefined) => void }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const pad = useRef<SignaturePad>(undefined);
  useEffect(() => {
    const c = canvas.current;
    if (!c) return;
    // Draw at the device's pixel ratio so the PNG is sharp on a phone.
    const ratio = Math.max(window.devicePixelRatio || 1, 1);
    c.width = c.offsetWidth * ratio;
    c.height = c.offsetHeight * ratio;
    c.getContext('2d')?.scale(ratio, ratio);
    const p = new SignaturePad(c, { backgroundColor: 'rgb(255,255,255)' });
    p.addEventListener('endStroke', () => onChange(p.isEmpty() ? undefined : p.toDataURL('image/png')));
    pad.current = p;
    return () => p.off();
  }, [onChange]);
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <canvas
        ref={canvas}
        data-testid="signature-pad"
        aria-label={t('签字区', 'Signature area')}
        style={{ width: '100%', height: 160, border: '1px dashed #bbb', borderRadius: 6, touchAction: 'none', background: '#fff' }}
      />
      <Button
        size="small"
        onClick={() => {
          pad.current?.clear();
          onChange(undefined);
        }}
      >
        {t('重新签字', 'Clear')}
      </Button>
    </Space>
  );
}
